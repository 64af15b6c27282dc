import Foundation

print("shears")
